#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// botcensus-fuzz: one fuzz target for every evidence format.
///   botcensus-fuzz FORMAT [libFuzzer flags] [CORPUS...]   built by scripts/fuzz.sh (-DFUZZING): libFuzzer
///   botcensus-fuzz FORMAT FILE...                         normal build: runs each saved input once
///   botcensus-fuzz --seed FORMAT FIXTURES CORPUS          copies FORMAT's fixtures into CORPUS
///   botcensus-fuzz --list                                 the formats, one a line
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("botcensus-fuzz: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "--list" {
    print(FuzzTarget.names.joined(separator: "\n"))
    exit(0)
}
if arguments.count == 5, arguments[1] == "--seed" {
    guard FuzzTarget(format: arguments[2]) != nil else { fail("unknown format '\(arguments[2])'") }
    let seeds = FuzzSeeds.seeds(for: arguments[2], under: arguments[3])
    try? FileManager.default.createDirectory(atPath: arguments[4], withIntermediateDirectories: true)
    for seed in seeds {
        FileManager.default.createFile(atPath: "\(arguments[4])/seed-\(seed.name)", contents: Data(seed.bytes))
    }
    print("\(arguments[2]): \(seeds.count) seeds")
    exit(seeds.isEmpty ? 1 : 0)
}
guard arguments.count >= 2, let target = FuzzTarget(format: arguments[1]) else {
    fail("usage: botcensus-fuzz FORMAT [INPUT...] | --seed FORMAT FIXTURES CORPUS | --list (formats: \(FuzzTarget.names.joined(separator: ", ")))")
}

#if FUZZING
// libFuzzer's callback is a C function and captures nothing: the target waits in a global.
nonisolated(unsafe) var current = target
// libFuzzer parses the arguments after the format as its own.
var argv: [UnsafeMutablePointer<CChar>?] = [CommandLine.unsafeArgv[0]] + (2..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] } + [nil]
var argc = Int32(argv.count - 1)
let status = argv.withUnsafeMutableBufferPointer { buffer in
    var base = buffer.baseAddress!
    return LLVMFuzzerRunDriver(&argc, &base) { data, size in
        current.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
exit(status)
#else
for path in arguments.dropFirst(2) {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read") }
    target.run([UInt8](data))
    print("\(path): ok")
}
#endif
