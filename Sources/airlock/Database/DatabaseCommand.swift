import AirlockCore
import AirlockPostgres
import ArgumentParser
import Foundation

/// `airlock db …`: setting up a shared PostgreSQL database.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Set up a PostgreSQL database for workspaces shared across machines.",
        subcommands: [DatabaseInitCommand.self]
    )
}

/// `airlock db init`: roles, schema, migrations and grants, as an administrator.
struct DatabaseInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the owner and application roles, the schema and its row-level security; print each step.",
        discussion: """
            Connects with the administrator URL in the environment variable --admin-url-env names
            (postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=verify-full), as a superuser or a role that may
            create roles. The owner role owns the schema and never logs in; migrations run as it. The application
            role, which Airlock connects as, owns nothing and has neither superuser nor BYPASSRLS. Its password
            is read from stdin (needed when the role is created; an existing role keeps its password if stdin
            is empty). Safe to run again: only what is missing is created.
            """
    )

    @Option(help: ArgumentHelp("The environment variable holding the administrator's URL.", valueName: "name"))
    var adminURLEnv = "AIRLOCK_DB_ADMIN_URL"

    @Option(help: ArgumentHelp("The owner role.", valueName: "name"))
    var ownerRole = "airlock_owner"

    @Option(help: ArgumentHelp("The application role.", valueName: "name"))
    var appRole = "airlock_app"

    func run() async throws {
        let roles = try DatabaseRoles(owner: ownerRole, app: appRole)
        guard let url = ProcessInfo.processInfo.environment[adminURLEnv], !url.isEmpty else {
            throw ValidationError("set \(adminURLEnv) to the administrator's postgres:// URL")
        }
        let location = try PostgresLocation(url: url)
        let secret = try StandardInput.readSecret(prompt: "Password for \(roles.app) (empty keeps an existing one): ")
        let password = secret.hasSuffix("\n") ? String(secret.dropLast()) : secret
        do {
            let steps = try await DatabaseSetup.initialize(location, roles: roles, appPassword: password.isEmpty ? nil : password)
            Output.lines(["Database \(location):"] + steps.map { "  " + $0 })
        } catch let error as DatabaseSetupError {
            throw error
        } catch {
            throw PostgresFailure(error, location: location)
        }
    }
}
