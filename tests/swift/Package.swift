// swift-tools-version:5.9
// The Swift suite: the generated bindings (module `Fascia`) compiled against the host-built
// library and tested with XCTest. `tests/swift/run` lays the generated files out in a copy of
// this package (Sources/) and runs `swift test` inside the Swift toolchain folder.
import PackageDescription

let package = Package(
    name: "FasciaSwiftTests",
    targets: [
        .systemLibrary(name: "FasciaFFI", path: "Sources/FasciaFFI"),
        .target(
            name: "Fascia",
            dependencies: ["FasciaFFI"],
            path: "Sources/Fascia",
            linkerSettings: [
                .linkedLibrary("fascia_ffi"),
                .unsafeFlags(["-L", "Sources/lib"]),
            ]
        ),
        .testTarget(name: "FasciaTests", dependencies: ["Fascia"], path: "Tests/FasciaTests"),
        .executableTarget(name: "FasciaBench", dependencies: ["Fascia"], path: "Sources/FasciaBench"),
    ]
)
