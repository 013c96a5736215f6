// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Regula",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "Regula", targets: ["Regula"]),
    .executable(name: "regula", targets: ["regula"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
  ],
  targets: [
    // MARK: - Public API (re-exported by the `Regula` umbrella)
    .target(
      name: "RegulaCore",
      dependencies: [
        .target(name: "_RegulaCBLAS", condition: .when(platforms: [.linux])),
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS]))]),
    .target(name: "RegulaNN", dependencies: ["RegulaCore"]),
    .target(name: "RegulaOptim", dependencies: ["RegulaCore", "_RegulaKernels"]),
    .target(name: "RegulaLosses", dependencies: ["RegulaCore"]),
    .target(name: "RegulaData", dependencies: ["RegulaCore"]),
    .target(name: "RegulaPenalties", dependencies: ["RegulaCore", "RegulaNN", "RegulaOptim", "RegulaLosses"]),
    .target(name: "RegulaSolvers", dependencies: ["RegulaCore", "RegulaPenalties", "_RegulaKernels"]),
    .target(
      name: "Regula",
      dependencies: [
        "RegulaCore", "RegulaNN", "RegulaOptim", "RegulaLosses", "RegulaData", "RegulaPenalties", "RegulaSolvers",
      ]),
    .executableTarget(
      name: "regula",
      dependencies: ["Regula", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

    // MARK: - Implementation details
    .systemLibrary(name: "_RegulaCBLAS", path: "Sources/_RegulaCBLAS"),
    // C kernels compiled for several instruction sets, chosen at run time.
    .target(name: "_RegulaKernels"),
    .target(name: "_RegulaTestSupport", dependencies: ["RegulaCore"], path: "Tests/_RegulaTestSupport"),

    // MARK: - Tests
    .testTarget(name: "RegulaCoreTests", dependencies: ["RegulaCore", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaNNTests", dependencies: ["RegulaNN", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaLossesTests", dependencies: ["RegulaLosses", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaPenaltiesTests", dependencies: ["RegulaPenalties", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaSolversTests", dependencies: ["RegulaSolvers", "RegulaData", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaOptimTests", dependencies: ["RegulaOptim", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaDataTests", dependencies: ["RegulaData", "_RegulaTestSupport"]),
    .testTarget(name: "RegulaTests", dependencies: ["Regula", "regula", "_RegulaTestSupport"]),
  ]
)
