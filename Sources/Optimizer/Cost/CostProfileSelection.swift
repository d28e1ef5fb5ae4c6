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
