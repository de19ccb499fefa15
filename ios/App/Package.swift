// swift-tools-version: 5.9
// The iOS app, as an app package Xcode opens (the Swift Playgrounds app format): SwiftUI layout
// over FasciaKit from ../Package.swift. The Live Activity's layout is in ../Widget (a widget
// extension, added in Xcode). Not built on the CI machine: no Xcode, no SwiftUI on Linux.
// Info.plist (merged into the generated one) declares the background modes `audio` (spoken
// prompts with the phone locked) and `fetch` (BGAppRefreshTask `app.fascia.refresh`) and Live
// Activities; Fascia.entitlements the time-sensitive notifications the cues use, which an app
// package cannot declare: sign with it in Xcode (docs/ios.md).
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
            supportedInterfaceOrientations: [.portrait],
            additionalInfoPlistContentFilePath: "Info.plist"
        ),
    ],
    dependencies: [.package(name: "Fascia", path: "..")],
    targets: [
        .executableTarget(
            name: "FasciaApp",
            dependencies: [.product(name: "FasciaKit", package: "Fascia")],
            path: ".",
            exclude: ["Package.swift", "Info.plist", "Fascia.entitlements"]
        ),
    ]
)
