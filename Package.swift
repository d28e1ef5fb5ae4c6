// swift-tools-version:6.0
import PackageDescription

// Arithmetic is only usable optimized; the flags below apply to every build, debug included, so that
// `swift test` never runs cryptography at -Onone speed by accident.
// On x86-64, code for Broadwell-level CPUs (Intel 2014 on, every AMD Zen): BMI2's MULX leaves the flags alone, so
// the Montgomery multiplication's carry chains need far fewer register moves (the k = 16 proof measured 13% faster),
// and the field multiplication of CFieldAssembly uses ADX's ADCX/ADOX. Such a binary would stop with an
// illegal-instruction fault on an older CPU; zkml is built from source where it runs.
#if arch(x86_64)
let cpuFlags = ["-target-cpu", "broadwell"]
#else
let cpuFlags: [String] = []
#endif
let hotCode: [SwiftSetting] = [
    .unsafeFlags(["-O", "-enforce-exclusivity=unchecked"] + cpuFlags),
]

let package = Package(
    name: "zkml",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Plonkish", targets: ["Plonkish"]),
        .library(name: "Gadgets", targets: ["Gadgets"]),
        .library(name: "Optimizer", targets: ["Optimizer"]),
        .executable(name: "zkml", targets: ["zkml-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            path: "Sources/CGMP",
            providers: [.apt(["libgmp-dev"]), .brew(["gmp"])]
        ),
        // Inline assembly for field multiplication, which Swift cannot express (x86-64 only; empty elsewhere).
        .target(name: "CFieldAssembly", path: "Sources/CFieldAssembly"),
        .target(name: "Plonkish", dependencies: ["CGMP", "CFieldAssembly"], swiftSettings: hotCode),
        .target(name: "Gadgets", dependencies: ["Plonkish"], swiftSettings: hotCode),
        .target(name: "Optimizer", dependencies: ["Gadgets", "Plonkish"], swiftSettings: hotCode),
        .executableTarget(
            name: "zkml-cli",
            dependencies: [
                "Plonkish", "Gadgets", "Optimizer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: hotCode
        ),
        .testTarget(
            name: "PlonkishTests",
            dependencies: ["Plonkish", "CGMP"],
            resources: [.copy("Fixtures")],
            swiftSettings: hotCode
        ),
        .testTarget(
            name: "OptimizerTests",
            dependencies: ["Optimizer", "Gadgets", "Plonkish"],
            resources: [.copy("Fixtures")],
            swiftSettings: hotCode
        ),
        .testTarget(name: "GadgetsTests", dependencies: ["Gadgets", "Plonkish"], swiftSettings: hotCode),
        .testTarget(name: "CLITests", dependencies: ["zkml-cli", "Plonkish"]),
    ],
    swiftLanguageModes: [.v5]
)
