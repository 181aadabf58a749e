import CFuzzerDriver
import Foundation

// libFuzzer parses the command line (-runs=, -dict=, corpus folders) and calls the harness.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
