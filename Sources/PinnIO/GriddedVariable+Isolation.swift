/// Reading gridded data in a child process (`DataFileSandbox`): the variable, or the error the
/// reader threw, comes back as a `DataFileMessage`.
extension GriddedVariable {
    /// Runs `read` as `isolation` says: here, or in a child process whose answer is decoded here. A
    /// child that fails (crash, time or memory limit) is a `.file` error with its description.
    static func isolated(
        _ path: String, _ format: DataFileFormat, _ isolation: DataFileIsolation,
        _ read: () throws(GriddedDataError) -> GriddedVariable
    ) throws(GriddedDataError) -> GriddedVariable {
        guard case .childProcess(let limits) = isolation else { return try read() }
        let answer: [UInt8]
        do throws(DataFileReadFailure) {
            answer = try DataFileSandbox.run(path, format: format, limits: limits) {
                var message = DataFileMessage.Writer()
                do throws(GriddedDataError) {
                    let variable = try read()
                    message.append(true)
                    variable.encode(into: &message)
                } catch {
                    message.append(false)
                    error.encode(into: &message)
                }
                return message.bytes
            }
        } catch {
            throw GriddedDataError(file: path, subject: .file, message: error.description)
        }
        var message = DataFileMessage.Reader(answer)
        let decoded: Result<GriddedVariable, GriddedDataError>
        do {
            decoded =
                try message.bool()
                ? .success(try GriddedVariable(from: &message)) : .failure(try GriddedDataError(from: &message))
            guard message.isAtEnd else { throw DataFileMessage.Garbled() }
        } catch {
            let failure = DataFileReadFailure(file: path, format: format, reason: .garbledAnswer)
            throw GriddedDataError(file: path, subject: .file, message: failure.description)
        }
        return try decoded.get()
    }

    func encode(into message: inout DataFileMessage.Writer) {
        message.append(file)
        message.append(variable)
        message.append(dimensions.count)
        for dimension in dimensions {
            message.append(dimension.name)
            message.append(dimension.coordinateVariable)
            message.append(dimension.coordinates)
        }
        message.append(values)
    }

    init(from message: inout DataFileMessage.Reader) throws(DataFileMessage.Garbled) {
        let file = try message.string(), variable = try message.string()
        var dimensions: [Dimension] = []
        for _ in 0..<(try message.count(of: 24)) {
            dimensions.append(
                Dimension(
                    name: try message.string(), coordinateVariable: try message.string(),
                    coordinates: try message.doubles()))
        }
        self.init(file: file, variable: variable, dimensions: dimensions, values: try message.doubles())
    }
}

extension GriddedDataError {
    func encode(into message: inout DataFileMessage.Writer) {
        message.append(file)
        switch subject {
        case .file: message.append([0])
        case .variable: message.append([1])
        case .coordinates(let dimension, let rank): message.append([2, dimension, rank])
        }
        message.append(self.message)
        message.append(missing.map { [$0] } ?? [])
        message.append(available)
    }

    init(from message: inout DataFileMessage.Reader) throws(DataFileMessage.Garbled) {
        let file = try message.string()
        let subject: Subject
        switch try message.ints() {
        case [0]: subject = .file
        case [1]: subject = .variable
        case let code where code.count == 3 && code[0] == 2: subject = .coordinates(dimension: code[1], rank: code[2])
        default: throw DataFileMessage.Garbled()
        }
        let text = try message.string(), missing = try message.strings()
        guard missing.count <= 1 else { throw DataFileMessage.Garbled() }
        self.init(file: file, subject: subject, message: text, missing: missing.first, available: try message.strings())
    }
}
