import AirlockCore

extension PostgresWorkspaceStore: WorkspaceStore {}
