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
    public func parallelMap<T>(_ transform: @Sendable (Element) -> T) -> [T] {
        let n = count, chunks = parallelChunks
        guard chunks > 1 else { return map(transform) }
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

    /// Every element's `counts[i]` values, concatenated in order, each element's written by `write` straight
    /// into its own slots of the output (initialized, exactly `counts[i]` of them), on every core: for
    /// flattening 800,000 SYNs out of 100,000 addresses without an array per address.
    public func parallelFlatMap<T>(counts: [Int], _ write: @Sendable (_ index: Int, _ element: Element, _ into: UnsafeMutablePointer<T>) -> Void) -> [T] {
        precondition(counts.count == count)
        var offsets = [Int](repeating: 0, count: count + 1)
        for i in 0..<count { offsets[i + 1] = offsets[i] + counts[i] }
        let total = offsets[count], n = count
        guard total > 0 else { return [] }     // (and no buffer to write into)
        let chunks = parallelChunks
        return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            withoutActuallyEscaping(write) { write in
                self.withUnsafeBufferPointer { input in
                    offsets.withUnsafeBufferPointer { offsets in
                        let slots = UncheckedPointers(input: input.baseAddress!, output: buffer.baseAddress!)
                        let starts = UncheckedPointers(input: offsets.baseAddress!, output: buffer.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: chunks) { c in
                            for i in (c * n / chunks)..<((c + 1) * n / chunks) { write(i, slots.input[i], slots.output + starts.input[i]) }
                        }
                    }
                }
            }
            initialized = total
        }
    }
}

extension Array {
    /// How many pieces the parallel maps cut the elements into: several per core, as items differ in work (a
    /// few addresses hold thousands of SYNs); 1, done here, for a few items or one core.
    fileprivate var parallelChunks: Int {
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return count > 64 && cores > 1 ? Swift.min(count, cores * 8) : 1
    }
}

/// The input and output of `parallelMap` and `parallelFlatMap`, handed to its workers (disjoint writes, so no data race).
private struct UncheckedPointers<Element, T>: @unchecked Sendable {
    let input: UnsafePointer<Element>
    let output: UnsafeMutablePointer<T>
}
