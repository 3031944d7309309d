import FuzzHarness

@main struct Entry {
    static func main() { FuzzHarness.main(format: "exim") }
}
