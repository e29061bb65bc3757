// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Accord",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "accord", targets: ["accord"]),
        .library(name: "AccordCore", targets: ["AccordCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // libxml2 from the system (pkg-config libxml-2.0); only AccordXML imports it.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        // The one Swift module over libxml2: value types in, value types out.
        .target(name: "AccordXML", dependencies: ["CLibXML2", "CAccordBytes"]),
        // Byte and scalar scans of the report writers and the pipeline (SSE2 where there is).
        .target(name: "CAccordBytes"),
        // zlib from the system (pkg-config zlib): ZIP members and gzip files inflated with
        // every length checked (AccordBatch's ZipArchive).
        .systemLibrary(
            name: "CAccordZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // SHA-256 rounds with the x86 SHA instructions, used where the processor has them.
        .target(name: "CAccordSHA"),
        // Record model and the pure pipeline stages.
        .target(
            name: "AccordCore", dependencies: ["AccordXML", "CAccordSHA", "CAccordBytes", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/gazetteer.tsv")]),
        // JSON and XML reports, their schemas.
        .target(
            name: "AccordReport",
            dependencies: [
                "AccordCore", "AccordXML", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the store's rows bound on GRDB's statements (SQLiteSink).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            resources: [.copy("Schemas")]),
        // Gold annotations and the scorer behind `accord eval`.
        .target(name: "AccordEval", dependencies: ["AccordCore", "AccordReport"]),
        // Inputs, batch runs, manifest, atomic output.
        // (ZIP archives are read by its own ZipArchive over zlib; ZIPFoundation writes the
        // tests' archives.)
        .target(name: "AccordBatch", dependencies: ["AccordCore", "AccordReport", "CAccordZlib"]),
        // `accord diff`: structure-aware comparison of two versions.
        .target(name: "AccordDiff", dependencies: ["AccordCore", "AccordXML", "AccordReport"]),
        // The commands, as a library so they can be tested.
        .target(
            name: "AccordCLI",
            dependencies: [
                "AccordBatch", "AccordReport", "AccordCore", "AccordEval", "AccordDiff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(name: "accord", dependencies: ["AccordCLI", "CAccordBytes"]),
        // Tests read fixtures and goldens from the repository (Tests/Data, Corpus), so
        // RECORD_GOLDEN=1 rewrites the files under review, not copies.
        .testTarget(name: "AccordCoreTests", dependencies: ["AccordCore", "AccordXML", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "AccordReportTests", dependencies: ["AccordReport", "AccordCore", "AccordXML", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Golden"]),
        .testTarget(name: "AccordEvalTests", dependencies: ["AccordEval", "AccordReport", "AccordCore"]),
        .testTarget(name: "AccordBatchTests", dependencies: ["AccordBatch", "AccordCore", "AccordReport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "AccordDiffTests", dependencies: ["AccordDiff", "AccordCore", "AccordReport", "AccordXML"]),
        .testTarget(name: "AccordCLITests", dependencies: ["AccordCLI", "AccordReport", "accord"]),
    ]
)
