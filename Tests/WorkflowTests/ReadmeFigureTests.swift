import Foundation
import Testing

/// README's demo figures are what `botcensus demo` prints today: the IoT share line of the census table,
/// naive and estimated with its interval, and the host count with its interval must appear in README's
/// account of the demo word for word.
@Suite struct ReadmeFigureTests {
    @Test func demoFiguresInReadmeAreWhatTheDemoPrints() throws {
        let dir = temporaryDirectory()
        let demo = try botcensus(["demo", "--case", dir.appendingPathComponent("d.db").path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let line = try #require(demo.stdout.split(separator: "\n").first { $0.hasPrefix("IoT share") })
        let figures = line.split(separator: " ").filter { $0.contains("%") }.map(String.init)
        #expect(figures.count == 3, "\(line)")
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let claim = "The\nnaive method says \(figures[0]) of the senders are IoT; botcensus says \(figures[1]) (95% interval \(figures[2]))"
        #expect(readme.replacingOccurrences(of: "\n", with: " ").contains(claim.replacingOccurrences(of: "\n", with: " ")),
                "README should say: \(claim)")
        // The host count too: "infected hosts  NAIVE  ESTIMATE  LOW–HIGH".
        let hostsLine = try #require(demo.stdout.split(separator: "\n").first { $0.hasPrefix("infected hosts") })
        let hosts = hostsLine.split(separator: " ").suffix(2).map(String.init)
        let hostsClaim = "counts \(hosts[0]) hosts (\(hosts[1]))"
        #expect(readme.replacingOccurrences(of: "\n", with: " ").contains(hostsClaim), "README should say: \(hostsClaim)")
    }
}
