import RegulaCore
import Testing

/// Positional arguments and `name: value`, as penalty specs use them (`l1(1e-5, on: dense1)`).
struct MethodSpecPositionalTests {
  @Test func parsesPositionalArgumentsAndColons() throws {
    let s = try MethodSpec(parsing: "l1(1e-5, on: dense1)")
    #expect(s.arguments == [.init("", .number(1e-5)), .init("on", .spec(MethodSpec(name: "dense1")))])
    #expect(s.description == "l1(1e-05, on=dense1)")
    #expect(try MethodSpec(parsing: s.description) == s)
    // A bare name is a positional value when followed by "," or ")" (or "(": a spec).
    #expect(try MethodSpec(parsing: "f(adagrad, cosine(init=1), x=2)").arguments.map(\.name) == ["", "", "x"])
    // Existing errors stay as they were.
    #expect(throws: MethodSpecError("invalid method spec \"adamw(lr 1)\" at column 10: expected \"=\" after argument \"lr\"")) {
      try MethodSpec(parsing: "adamw(lr 1)")
    }
    #expect(throws: MethodSpecError("invalid method spec \"f(x=1, 2)\" at column 8: a positional argument follows a named one")) {
      try MethodSpec(parsing: "f(x=1, 2)")
    }
  }

  @Test func readerGivesPositionsTheirNames() throws {
    var a = try MethodSpec(parsing: "l1(0.5, on: x)").reader(for: "penalty")
    #expect(try a.double("weight", position: 0) == 0.5)
    #expect(try a.string("on", default: "*") == "x")
    try a.finish()
    var named = try MethodSpec(parsing: "l1(weight=0.25)").reader(for: "penalty")
    #expect(try named.double("weight", position: 0) == 0.25)
    try named.finish()
    var both = try MethodSpec(parsing: "l1(0.5, weight=0.25)").reader(for: "penalty")
    _ = try both.double("weight", position: 0)
    #expect(throws: MethodSpecError("penalty l1: argument weight given both by position and by name")) { try both.finish() }
    var unread = try MethodSpec(parsing: "sgd(0.1)").reader(for: "optimizer")
    _ = try unread.double("lr", default: 1)
    #expect(throws: MethodSpecError("unexpected positional argument 0.1 for optimizer sgd; name it (valid arguments: lr)")) { try unread.finish() }
  }
}
