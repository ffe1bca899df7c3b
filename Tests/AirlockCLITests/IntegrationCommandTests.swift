import AirlockTestSupport
import Foundation
import Testing

@Suite("airlock integration")
struct IntegrationCommandTests {
    private func home() async throws -> CLIHome {
        let home = try CLIHome()
        try await home.createWorkspace("Acme", id: "acme")
        return home
    }

    @Test func addConnectListDisconnectAndRemove() async throws {
        let home = try await home()
        let add = try await home.run(["integration", "add", "--workspace", "acme", "ads", "--kind", "http", "--base-url", "https://ads.example.com/api", "--name", "Ads API"])
        expectSuccess(add)
        var listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.first?["id"] as? String == "ads")
        #expect(listed.first?["connected"] as? Bool == false)

        let secret = "sk-live-" + Canary.make("token")
        let connect = try await home.run(["integration", "connect", "--workspace", "acme", "ads", "--expires-in", "3600"], stdin: secret + "\n")
        expectSuccess(connect)
        #expect(connect.stdout == "Connected integration ads: access token …\(secret.suffix(4)).\n")
        listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.first?["connected"] as? Bool == true)
        #expect(listed.first?["expires_at"] != nil)
        let human = try await home.run(["integration", "list", "--workspace", "acme"])
        #expect(human.stdout.contains("in 59 min") || human.stdout.contains("in 60 min"))
        for output in [connect.allOutput, human.allOutput, try await home.run(["integration", "list", "--json", "--workspace", "acme"]).allOutput,
                       try await home.run(["audit", "show", "--json", "--workspace", "acme"]).allOutput] {
            #expect(!output.contains(secret), "the secret is never printed")
        }

        expectSuccess(try await home.run(["integration", "disconnect", "--workspace", "acme", "ads"]))
        listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.first?["connected"] as? Bool == false)
        expectFailure(try await home.run(["integration", "remove", "--workspace", "acme", "ads"]), "refusing to remove integration ads without --yes")
        expectSuccess(try await home.run(["integration", "remove", "--workspace", "acme", "ads", "--yes"]))
        #expect(try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout).isEmpty)
    }

    @Test func severalCredentialsCanBePastedAsNameValueLines() async throws {
        let home = try await home()
        expectSuccess(try await home.run(["integration", "add", "--workspace", "acme", "gads", "--kind", "google_ads", "--client-id", "cid",
                                          "--param", "customer_id=1234567890"]))
        let connect = try await home.run(["integration", "connect", "--workspace", "acme", "gads"],
                                         stdin: "access_token=ya29-access-0001\nrefresh_token=1//refresh-0002\ndeveloper_token=dev-token-0003\n")
        expectSuccess(connect)
        #expect(connect.stdout.contains("access token …0001") && connect.stdout.contains("developer token …0003"))
        let listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect((listed.first?["credentials"] as? [String])?.count == 3)
    }

    @Test func theDeviceFlowShowsTheCodeAndStoresTheTokens() async throws {
        let home = try await home()
        let oauth = try await FakeOAuthServer.start(script: FakeOAuthServer.DeviceScript(pollErrors: ["authorization_pending"], interval: 0))
        expectSuccess(try await home.run(["integration", "add", "--workspace", "acme", "cal", "--kind", "google_calendar", "--client-id", oauth.clientID,
                                          "--token-url", oauth.tokenURL, "--device-url", oauth.deviceAuthorizationURL, "--param", "calendar_id=primary"]))
        let connect = try await home.run(["integration", "connect", "--workspace", "acme", "cal", "--device"])
        #expect(connect.status == 0, "stderr: \(connect.stderr)")
        #expect(connect.stderr.contains("enter the code \(oauth.userCode)"), "the user code and where to enter it are shown")
        #expect(connect.stdout.contains("access token") && connect.stdout.contains("refresh token"))
        let listed = try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout)
        #expect(listed.first?["connected"] as? Bool == true)
        for token in oauth.issuedAccessTokens { #expect(!connect.allOutput.contains(token)) }
        try await oauth.shutdown()
    }

    @Test func badIntegrationsAreRefusedOnOneLine() async throws {
        let home = try await home()
        expectFailure(try await home.run(["integration", "add", "--workspace", "acme", "gads", "--kind", "google_ads", "--param", "customer_id=1"]),
                      "--client-id is required for oauth2")
        expectFailure(try await home.run(["integration", "add", "--workspace", "acme", "pix", "--kind", "meta_capi"]),
                      "--param pixel_id=… is required for meta_capi")
        expectFailure(try await home.run(["integration", "add", "--workspace", "acme", "xx", "--kind", "fax"]),
                      "unknown kind \"fax\"; use http, google_ads, meta_capi, google_calendar")
        expectOneLineFailure(try await home.run(["integration", "add", "--workspace", "acme", "web", "--kind", "http", "--base-url", "http://example.com"]))
        expectOneLineFailure(try await home.run(["integration", "connect", "--workspace", "acme", "missing"], stdin: "token\n"))
        #expect(try jsonArray(try await home.run(["integration", "list", "--json", "--workspace", "acme"]).stdout).isEmpty, "nothing was added")
    }
}
