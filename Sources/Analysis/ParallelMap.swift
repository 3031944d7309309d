import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element: Sendable {
    /// `transform` of every element, in order, computed on every core: for pure work per item (attributing an
    /// address). The results are combined by the caller in order, so every output is the one a sequential
    /// `map` gives, bit for bit.
    func parallelMap<T>(_ transform: @Sendable (Element) -> T) -> [T] {
        let n = count
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        guard n > 64, cores > 1 else { return map(transform) }
        // Several chunks per core: addresses differ in work (a few hold thousands of SYNs).
        let chunks = Swift.min(n, cores * 8)
        return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            withoutActuallyEscaping(transform) { transform in
                self.withUnsafeBufferPointer { input in
                    // Each chunk writes its own slots of the output and reads the input only.
                    let slots = UncheckedPointers(input: input.baseAddress!, output: buffer.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        for i in (c * n / chunks)..<((c + 1) * n / chunks) { (slots.output + i).initialize(to: transform(slots.input[i])) }
                    }
                }
            }
            initialized = n
        }
    }
}

/// The input and output of `parallelMap`, handed to its workers (disjoint writes, so no data race).
private struct UncheckedPointers<Element, T>: @unchecked Sendable {
    let input: UnsafePointer<Element>
    let output: UnsafeMutablePointer<T>
}
