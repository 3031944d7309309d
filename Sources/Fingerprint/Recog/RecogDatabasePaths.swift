import Foundation

extension RecogDatabase {
    /// `recog:PATH` as users give it: Recog's `xml` folder, or one Recog XML file. A missing path, a folder
    /// without `.xml` files or a file that is not Recog XML is one line naming the path.
    public static func load(path: String) throws -> RecogDatabase {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw RecogFile.LoadError(path: path, line: 0, reason: "no such Recog file or folder (give Recog's xml folder or one of its .xml files)")
        }
        if isFolder.boolValue { return try load(directory: path) }
        let file = try RecogFile.load(path: path)
        guard !file.fingerprints.isEmpty else {
            throw RecogFile.LoadError(path: path, line: 0, reason: "holds no Recog <fingerprint> entries")
        }
        return RecogDatabase(directory: (path as NSString).deletingLastPathComponent, files: [file.key: [file]])
    }
}
