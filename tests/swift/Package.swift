// swift-tools-version:6.0
// The Swift suite: the generated bindings (module `Fascia`) compiled against the host-built
// library and tested with XCTest. `tests/swift/run` lays the generated files out in a copy of
// this package (Sources/) and runs `swift test` inside the Swift toolchain folder. Swift 6
// language mode: the generated bindings compile under strict concurrency checking (UniFFI's
// async foreign traits would not; Fascia exports none).
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
        // The iOS app's logic (ios/FasciaKit, copied in by tests/swift/run) and its tests.
        .target(name: "ObservationShim", path: "Sources/ObservationShim"),
        .target(
            name: "FasciaKit",
            dependencies: ["Fascia", "ObservationShim"],
            path: "Sources/FasciaKit",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(
            name: "FasciaKitTests",
            dependencies: ["FasciaKit", "Fascia"],
            path: "Tests/FasciaKitTests",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(name: "FasciaBench", dependencies: ["Fascia"], path: "Sources/FasciaBench"),
    ]
)
