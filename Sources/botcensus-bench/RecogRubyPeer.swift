import Foundation

/// Recog's own Ruby matcher as the peer of `identify` on banners: `ruby -I RECOG_RUBY/lib` running the
/// script below (Recog::Nizer.match, first match of the `http_header.server` databases, as Recog's users
/// call it). Needs Ruby, Debian's ruby-nokogiri and a checkout of rapid7/recog-ruby; when any is missing
/// the benchmark says which and prints n/a.
struct RecogRubyPeer {
    var ruby: String
    var lib: String
    var script: String

    /// The peer, or why there is none.
    static func find(lib candidates: [String], dir: String) -> Result<RecogRubyPeer, BenchError> {
        guard let ruby = which("ruby") else { return .failure(BenchError("ruby is not installed (apt-get install ruby ruby-nokogiri)")) }
        guard let lib = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/recog/nizer.rb") }) else {
            return .failure(BenchError("no recog-ruby checkout (RECOG_RUBY=DIR, the folder holding lib/recog.rb of rapid7/recog-ruby)"))
        }
        let check = try? TimedChild.run(ruby, ["-e", "require 'nokogiri'"], dir: dir)
        guard check?.status == 0 else { return .failure(BenchError("Ruby cannot load nokogiri (apt-get install ruby-nokogiri)")) }
        let script = dir + "/recog-match.rb"
        do { try source.write(toFile: script, atomically: true, encoding: .utf8) } catch {
            return .failure(BenchError("\(script): \(error)"))
        }
        return .success(RecogRubyPeer(ruby: ruby, lib: lib, script: script))
    }

    func arguments(recogXML: String) -> [String] { ["-I", lib, script, recogXML] }

    /// Banners on stdin, decoded as `identify` decodes them; one matched description (or "") per line.
    static let source = #"""
        require 'recog'
        Recog::Nizer.load_db(ARGV[0])
        ESCAPES = { 'r' => "\r", 'n' => "\n", 't' => "\t", '\\' => '\\' }.freeze
        $stdin.binmode
        $stdin.each_line do |line|
          line.chomp!("\n")
          line = line.gsub(/\\(?:([rnt\\])|x([0-9a-fA-F]{2}))/n) { $1 ? ESCAPES[$1] : $2.hex.chr } if line.include?('\\')
          m = Recog::Nizer.match('http_header.server', line)
          $stdout.write(m ? m['matched'] : '', "\n")
        end
        """#
}
