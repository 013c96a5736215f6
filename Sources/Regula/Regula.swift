// The umbrella module: `import Regula` brings in every public module.
@_exported import RegulaCore
@_exported import RegulaData
@_exported import RegulaLosses
@_exported import RegulaNN
@_exported import RegulaOptim
@_exported import RegulaPenalties
@_exported import RegulaSolvers
