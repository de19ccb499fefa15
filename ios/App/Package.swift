// swift-tools-version: 5.9
// The iOS app, as an app package Xcode opens (the Swift Playgrounds app format): SwiftUI layout
// over FasciaKit from ../Package.swift. The Live Activity's layout is in ../Widget (a widget
// extension, added in Xcode). Not built on the CI machine: no Xcode, no SwiftUI on Linux.
// Background refresh also needs `BGTaskSchedulerPermittedIdentifiers = [app.fascia.refresh]`
// and the `fetch` background mode in the app's Info.plist (docs/ios.md).
import AppleProductTypes
import PackageDescription

let package = Package(
    name: "FasciaApp",
    platforms: [.iOS("17.0")],
    products: [
        .iOSApplication(
            name: "Fascia",
            targets: ["FasciaApp"],
            bundleIdentifier: "app.fascia",
            displayVersion: "0.1.0",
            bundleVersion: "1",
            appIcon: .placeholder(icon: .heart),
            accentColor: .presetColor(.orange),
            supportedDeviceFamilies: [.phone],
            supportedInterfaceOrientations: [.portrait]
        ),
    ],
    dependencies: [.package(name: "Fascia", path: "..")],
    targets: [
        .executableTarget(
            name: "FasciaApp",
            dependencies: [.product(name: "FasciaKit", package: "Fascia")],
            path: ".",
            exclude: ["Package.swift"]
        ),
    ]
)
