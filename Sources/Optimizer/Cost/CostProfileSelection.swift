import Foundation

extension CostProfile {
    /// The profile in `directory` to price plans with on `machine` (DESIGN decision 9): the one named for the
    /// machine when present, else the closest, preferring the same CPU model, then the nearest thread count, then
    /// the newest. Nil when the directory holds no readable profile.
    public static func bestMatch(for machine: MachineDescription, in directory: URL) -> (url: URL, profile: CostProfile)? {
        let named = directory.appendingPathComponent(machine.profileName + ".json")
        if let profile = try? CostProfile(contentsOf: named) { return (named, profile) }
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        let candidates = files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .compactMap { url in (try? CostProfile(contentsOf: url)).map { (url: url, profile: $0) } }
        return candidates.min { a, b in
            let left = distance(a.profile.machine, machine), right = distance(b.profile.machine, machine)
            return left != right ? left < right : a.profile.date > b.profile.date
        }
    }

    /// Lexicographic closeness: different CPU model first, then how far the thread counts are apart.
    private static func distance(_ a: MachineDescription, _ b: MachineDescription) -> Int {
        (a.cpu == b.cpu ? 0 : 1_000_000) + abs(a.activeCores - b.activeCores)
    }
}

extension CostProfile {
    /// The name of the directory of profiles the repository ships.
    public static let directoryName = "cost-profiles"

    /// Where to look for the profiles directory, nearest first: `ZKML_COST_PROFILES` when set, then
    /// `cost-profiles` in the working directory and in each of its ancestors, then beside the executable and in each
    /// of its ancestors (a built `.build/release/zkml` finds the checkout's profiles).
    public static func directoryCandidates(environment: [String: String], workingDirectory: URL, executable: URL?)
        -> [URL]
    {
        var candidates: [URL] = []
        if let configured = environment["ZKML_COST_PROFILES"], !configured.isEmpty {
            candidates.append(URL(fileURLWithPath: configured, isDirectory: true))
        }
        func ancestors(of start: URL) -> [URL] {
            var urls: [URL] = []
            var url = start.standardizedFileURL
            while true {
                urls.append(url.appendingPathComponent(directoryName, isDirectory: true))
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
            return urls
        }
        candidates += ancestors(of: workingDirectory)
        if let executable { candidates += ancestors(of: executable.resolvingSymlinksInPath().deletingLastPathComponent()) }
        return candidates
    }

    /// The best profile for `machine` in the first candidate directory that holds any (see `bestMatch`).
    public static func bestMatch(for machine: MachineDescription, searching directories: [URL])
        -> (url: URL, profile: CostProfile)?
    {
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { continue }
            if let found = bestMatch(for: machine, in: directory) { return found }
        }
        return nil
    }
}
