@_exported import RegulaCore
@_exported import RegulaOptim
