// swift-tools-version: 6.0
import PackageDescription

// A package by path is named after its folder, which is whatever the clone is called.
let root = String(#filePath.split(separator: "/").dropLast(2).last ?? "momentum")

// libFuzzer harnesses over the pure core (docs/fuzzing.md). Kept out of the main package so
// `swift build` there never needs the sanitizers. Built by `make fuzz` and, briefly, `make test`:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address
// SwiftPM links every executable with its own `main`, so main.swift hands over to libFuzzer's driver.
// One binary for every harness (MOMENTUM_FUZZ names which), so the core is compiled and linked once.
let package = Package(
    name: "MomentumFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "momentum-fuzz", dependencies: ["CFuzzerDriver", .product(name: "MomentumCore", package: root)]),
    ]
)
