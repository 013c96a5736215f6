import RegulaCore
import Testing

struct MethodSpecTests {
  @Test func parsesNamesNumbersBooleansNestedSpecsAndLists() throws {
    let s = try MethodSpec(parsing: " adamw( lr = 1e-3, weight_decay=0.1, nesterov=true, mask=none,"
      + " schedule=cosine(init=0.1, decay_steps=100), grafting=adagrad, name='x y', betas=[0.9, -2.5E+2], ) ")
    #expect(s.name == "adamw")
    #expect(s.arguments.map(\.name) == ["lr", "weight_decay", "nesterov", "mask", "schedule", "grafting", "name", "betas"])
    #expect(s.arguments[0].value == .number(1e-3))
    #expect(s.arguments[2].value == .bool(true))
    #expect(s.arguments[3].value == MethodSpec.Value.none)
    #expect(s.arguments[4].value == .spec(MethodSpec(name: "cosine", arguments: [.init("init", .number(0.1)), .init("decay_steps", .number(100))])))
    #expect(s.arguments[5].value == .spec(MethodSpec(name: "adagrad")))
    #expect(s.arguments[6].value == .string("x y"))
    #expect(s.arguments[7].value == .list([.number(0.9), .number(-250)]))
    #expect(try MethodSpec(parsing: "sgd") == MethodSpec(name: "sgd"))
    #expect(try MethodSpec(parsing: "sgd()") == MethodSpec(name: "sgd"))
    #expect(try MethodSpec(parsing: "clip(max=inf, min=-inf)").arguments.map(\.value) == [.number(.infinity), .number(-.infinity)])
  }

  @Test func descriptionRoundTrips() throws {
    let text = "adamw(lr=0.001, weight_decay=0.1, schedule=cosine(init=0.1, decay_steps=100), nesterov=true)"
    let s = try MethodSpec(parsing: text)
    #expect(s.description == text)
    #expect(try MethodSpec(parsing: s.description) == s)
  }

  @Test(arguments: [
    ("adamw(lr=)", "column 10: expected a value"),
    ("adamw(lr 1)", "expected \"=\" after argument \"lr\""),
    ("adamw(lr=1", "expected \")\", found the end"),
    ("adamw(lr=1, lr=2)", "argument \"lr\" given twice"),
    ("adamw(lr=1e)", "\"1e\" is not a number"),
    ("(lr=1)", "expected a method name"),
    ("adamw(lr=1) x", "unexpected \"x\" after the method"),
    ("f(s='abc)", "unterminated string"),
  ])
  func syntaxErrorsNameTheColumnAndTheProblem(_ text: String, _ expected: String) {
    do {
      _ = try MethodSpec(parsing: text)
      Issue.record("\(text) parsed")
    } catch {
      #expect(error.message.contains(expected), "\(error.message)")
      #expect(error.message.contains("column"))
    }
  }

  @Test func argumentsReaderListsValidArgumentsForUnknownOnes() throws {
    var a = try MethodSpec(parsing: "adamw(lr=0.01, wd=0.1)").reader(for: "optimizer")
    #expect(try a.double("lr", aliases: ["learning_rate"]) == 0.01)
    #expect(try a.double("weight_decay", default: 1e-4) == 1e-4)
    #expect(try a.bool("nesterov", default: false) == false)
    do {
      try a.finish()
      Issue.record("unknown argument accepted")
    } catch {
      #expect(error.message == "unknown argument \"wd\" for optimizer adamw; valid arguments: lr, learning_rate, weight_decay, nesterov")
    }
  }

  @Test func argumentsReaderChecksKinds() throws {
    var a = try MethodSpec(parsing: "m(steps=2.5, flag=1, mode=fast)").reader()
    #expect(throws: MethodSpecError.self) { try a.int("steps", default: 1) }
    #expect(throws: MethodSpecError.self) { try a.bool("flag", default: false) }
    #expect(throws: MethodSpecError.self) { try a.string("mode", default: "slow", choices: ["slow", "exact"]) }
    #expect(throws: MethodSpecError.self) { try a.double("missing") }
  }
}
