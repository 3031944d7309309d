#if FUZZING
/// libFuzzer's entry for programs that have their own main: SwiftPM gives every executable a main, so
/// libFuzzer's own cannot be linked in (scripts/fuzz.sh links libFuzzer without its main).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32
#endif
