import Foundation

/// The Python the lab runs inside its namespaces (`python3 -c`): each script with `lab-common.py` (the
/// namespace check both need) before it.
enum LabScripts {
    static let sender = load("lab-sender")
    static let device = load("lab-device")

    static func load(_ name: String) -> String {
        func text(_ resource: String) -> String {
            guard let url = Bundle.module.url(forResource: resource, withExtension: "py"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("\(resource).py is missing from the Lab bundle") }
            return text
        }
        return text("lab-common") + "\n" + text(name)
    }
}
