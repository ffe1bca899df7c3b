import AirlockCore

extension Reducer {
    /// Keys of the memory browser: typing searches as you type.
    static func memoryKey(_ key: KeyPress, _ action: Action?, _ state: inout AppState) -> [Effect] {
        let memory = state.workspace!.memory
        let selected = memory.items.indices.contains(memory.selection) ? memory.items[memory.selection] : nil
        switch action {
        case .nextKind?:
            let kinds: [MemoryKind?] = [nil] + MemoryKind.allCases
            let next = ((kinds.firstIndex(of: memory.kind) ?? 0) + 1) % kinds.count
            state.workspace!.memory.kind = kinds[next]
            return memorySearch(&state)
        case .newMemory?:
            return [.editMemory(nil, kind: memory.kind ?? .note)]
        case .editMemory?:
            return selected.map { [.editMemory($0.id, kind: $0.kind)] } ?? []
        case .deleteMemory?:
            guard let selected else { return [] }
            state.dialogs.append(.confirm(.deleteMemory(selected.id), message: "Delete the memory document \u{201C}\(selected.title)\u{201D}?"))
            return []
        case .togglePin?:
            return selected.map { [.setPinned($0.id, !$0.pinned)] } ?? []
        default:
            break
        }
        switch (key.key, key.modifiers) {
        case (.escape, _):
            if memory.query.isEmpty {
                state.view = .chat
                return []
            }
            state.workspace!.memory.query = ""
            return memorySearch(&state)
        case (.up, []), (.down, []):
            guard !memory.items.isEmpty else { return [] }
            let next = min(max(0, memory.selection + (key.key == .up ? -1 : 1)), memory.items.count - 1)
            guard next != memory.selection else { return [] }
            state.workspace!.memory.selection = next
            state.workspace!.memory.preview = nil
            return [.loadMemory(memory.items[next].id)]
        case (.backspace, _):
            guard !memory.query.isEmpty else { return [] }
            state.workspace!.memory.query.removeLast()
            return memorySearch(&state)
        case (.character(let character), []), (.character(let character), .shift):
            state.workspace!.memory.query.append(character)
            return memorySearch(&state)
        default:
            return []
        }
    }

    /// Lists (or searches) memory for the browser's current kind and query.
    static func memorySearch(_ state: inout AppState) -> [Effect] {
        guard let memory = state.workspace?.memory else { return [] }
        state.workspace!.memory.selection = 0
        state.workspace!.memory.preview = nil
        return [.listMemory(kind: memory.kind, query: memory.query)]
    }
}
