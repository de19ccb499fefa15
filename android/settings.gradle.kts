// The Android app: `app` (Compose screens, one view model, reminders and cues as alarms) on
// `fascia-ffi` (the Rust library and its generated Kotlin bindings, packaged by
// bindings/package-android). Gradle does not run on the CI machine (no Android SDK there):
// tests/android/run compiles the same sources with kotlinc and the Compose plugin against the
// versions android/deps.lock pins and runs app/src/test under Robolectric (docs/android.md).
pluginManagement {
    repositories { google(); mavenCentral(); gradlePluginPortal() }
}
dependencyResolutionManagement {
    repositories { google(); mavenCentral() }
}
rootProject.name = "fascia"
include(":app", ":fascia-ffi")
