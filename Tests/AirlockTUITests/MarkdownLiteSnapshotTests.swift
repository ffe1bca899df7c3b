import AirlockTUI
import Foundation
import Testing

/// Markdown samples drawn into a cell buffer and compared with text files in `Snapshots/`.
///
/// Record or update them with `AIRLOCK_RECORD_SNAPSHOTS=1 swift test --filter MarkdownLiteSnapshotTests`.
@Suite struct MarkdownLiteSnapshotTests {
    private static let samples: [String: String] = [
        "reply": """
            # Deployment review

            The **staging** rollout for *Acme Corp* finished with `2 warnings`. See [the runbook](https://wiki.example.com/runbooks/deploy) for details.

            ## Findings

            1. Database migrations ran in **41 s**, under the _60 s_ budget.
            2. The cache warm-up step timed out once and was retried automatically; no user-facing impact was observed.
               - Retry succeeded on the second attempt.
               - Consider raising the timeout.
            3. Disk usage on `db-2` is at 87%.

            > Note: the analyst asked for a summary only.
            > > Quoted from the ticket: "no config changes".

            ```bash
            kubectl rollout status deployment/api --namespace=acme-staging --timeout=120s
            echo "done"
            ```

            ---

            ### Next

            Schedule the production window.
            """,
        "international": """
            ## 東京オフィスの報告

            東京の天気は晴れです。会議は午後三時から始まります。Tokyo office report: 売上は前年比 **12%** 増加しました。

            - 🚀 Launch ready — 準備完了
            - 👍🏽 Approved by Zoë and José (cafe\u{301}, re\u{301}sume\u{301})
            - 👨\u{200D}👩\u{200D}👧 Family plan: 家族プランの詳細は添付資料をご覧ください

            > 引用：「品質が最優先です」

            ```text
            名前: 山田太郎 (Yamada Tarō) — 東京都千代田区丸の内一丁目
            ```
            """,
        "streaming-code": """
            Here is the fix so far:

            ```python
            def handler(event):
                return {"status": 200, "body": "ok", "headers": {"content-type": "application/json"}}
            # next: add
            """,
        "streaming-bold": """
            Checking the logs for **Acme Corp** now.

            The failing job is **nightly-export, which stopped after the disk filled
            """,
    ]

    @Test(arguments: ["reply", "international", "streaming-code", "streaming-bold"], [80, 40])
    func markdownSampleMatchesItsSnapshot(sample: String, width: Int) throws {
        let lines = MarkdownLite.render(try #require(Self.samples[sample]), width: width, theme: .builtIn)
        var buffer = CellBuffer(width: width, height: lines.count)
        for (row, line) in lines.enumerated() {
            line.draw(into: &buffer, x: 0, y: row, limit: width)
        }
        #expect(lines.allSatisfy { $0.width <= width })
        expectSnapshot(buffer.text, named: "markdown-\(sample)-\(width)")
    }
}
