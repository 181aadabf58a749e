// swift-tools-version: 6.0
import PackageDescription

// The sentence-vector artifact, by absolute path: .incbin in Sources/MomentumVectors/vectors.c reads it
// at assembly time, and inline assembly does not search the header paths (docs/meaning.md).
let vectorsArtifact = String(#filePath.dropLast("Package.swift".count)) + "Sources/MomentumVectors/momentum-vectors.bin"

let package = Package(
    name: "Momentum",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "momentum", targets: ["momentum"]),
        // The same commands with a PostgreSQL client; `momentum` hands a postgres:// store to it.
        .executable(name: "momentum-postgres", targets: ["momentum-postgres"]),
        // For the libFuzzer harnesses in Fuzz/, a separate package so the main build never needs the sanitizers.
        .library(name: "MomentumCore", targets: ["MomentumCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // Pure core: the conversation, the rules, the plan model, transcripts, reviews.
        // No terminal, no file system, no SQLite, no clock.
        .target(name: "MomentumCore", dependencies: [.product(name: "Yams", package: "Yams"), "MomentumVectors"]),
        // The sentence vectors (Meaning/), embedded in read-only data and rebuilt by `make embeddings`,
        // and the loop that compares them (pure arithmetic, in C for the CPU's vector instructions).
        .target(name: "MomentumVectors", exclude: ["momentum-vectors.bin", "LICENSE", "NOTICE"],
                cSettings: [.define("MOMENTUM_VECTORS_PATH", to: "\"\(vectorsArtifact)\"")]),

        // Adapters around the core.
        .target(name: "MomentumStore", dependencies: ["MomentumCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The team's store on a PostgreSQL server (docs/store.md), the same PlanStore as SQLite.
        .target(name: "MomentumPostgres", dependencies: ["MomentumCore", "MomentumStore", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "LineEditor", dependencies: ["CEditLine"]),
        .target(name: "MomentumApp", dependencies: ["MomentumCore", "MomentumStore"], plugins: ["EmbedRules"]),
        // The command line, shared by both executables; they differ in how a server's store opens.
        .target(name: "MomentumCommandLine", dependencies: [
            "MomentumApp", "MomentumCore", "MomentumStore", "LineEditor",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "momentum", dependencies: ["MomentumCommandLine"]),
        .executableTarget(name: "momentum-postgres", dependencies: ["MomentumCommandLine", "MomentumPostgres", "MomentumStore"]),

        // Benchmarks (`make bench`): figures go to docs/BENCHMARKS.md, never into tests.
        .executableTarget(name: "momentum-bench", dependencies: ["MomentumApp", "MomentumCore", "MomentumStore"],
                          path: "Benchmarks/momentum-bench", exclude: ["words.txt"]),

        // Build-time embedding of rules/*.yml so an installed binary carries its default rules.
        .executableTarget(name: "EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"]),

        .testTarget(name: "MomentumCoreTests", dependencies: ["MomentumCore"], exclude: ["MeaningFixtures"]),
        .testTarget(name: "MomentumStoreTests", dependencies: ["MomentumStore", "MomentumCore", "MomentumPostgres",
                                                             .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "MomentumAppTests", dependencies: ["MomentumApp", "MomentumCore", "MomentumStore"], exclude: ["Fixtures"]),
        .systemLibrary(name: "CSpawn", path: "Tests/CSpawn"),
        .testTarget(name: "EndToEndTests", dependencies: ["momentum", "momentum-postgres", "MomentumStore", "MomentumCore", "CSpawn"]),
    ]
)
