/// The names an expression may use: its variables (evaluated later, by position) and its
/// parameters (replaced by their values at parse time), besides the constants and functions.
struct ExpressionScope {
    let variables: [String]
    let parameters: [String: Double]

    /// Checks that every name is an identifier, is not a function or constant name, and is declared once.
    func validate() throws(ExpressionError) {
        var seen: Set<String> = []
        for name in variables + parameters.keys.sorted() {
            guard ExpressionLexer.isIdentifier(name) else {
                throw .invalidName(name, reason: "names are ASCII letters, digits and '_', not starting with a digit")
            }
            if FunctionSymbol.named(name) != nil {
                throw .invalidName(name, reason: "it is the name of a function")
            }
            if NamedConstant.value(of: name) != nil {
                throw .invalidName(name, reason: "it is the name of a built-in constant")
            }
            guard seen.insert(name).inserted else {
                throw .invalidName(name, reason: "declared more than once (as a variable or parameter)")
            }
        }
    }

    /// Every name usable as a value: variables, parameters (sorted), then constants.
    var valueNames: [String] {
        variables + parameters.keys.sorted() + NamedConstant.all.map(\.name)
    }

    /// Whether `name` is a variable, parameter or constant.
    func isValueName(_ name: String) -> Bool {
        variables.contains(name) || parameters[name] != nil || NamedConstant.value(of: name) != nil
    }
}
