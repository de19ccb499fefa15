plugins {
    id("com.android.application") version "8.7.3" apply false
    id("com.android.library") version "8.7.3" apply false
    // The Kotlin and Compose compiler that tests/android/run compiles the same sources with
    // (kotlinc 2.4.20 and its compose-compiler-plugin, tests/toolchains/kotlin.sh).
    id("org.jetbrains.kotlin.android") version "2.4.20" apply false
    id("org.jetbrains.kotlin.plugin.compose") version "2.4.20" apply false
}
