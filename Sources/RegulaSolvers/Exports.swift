@_exported import RegulaCore
