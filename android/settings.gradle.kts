// The Android shell: `app` (Compose UI only) on `fascia-ffi` (the Rust library and its generated
// Kotlin bindings, packaged by bindings/package-android). Not built on the CI machine, which has
// no Android SDK; everything here that is not UI lives in the Rust core and is tested there and
// through the same generated bindings on the JVM (tests/kotlin).
pluginManagement {
    repositories { google(); mavenCentral(); gradlePluginPortal() }
}
dependencyResolutionManagement {
    repositories { google(); mavenCentral() }
}
rootProject.name = "fascia"
include(":app", ":fascia-ffi")
