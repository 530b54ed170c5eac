import XCTest
@testable import PinnMeta
import PinnNetwork
