/**
 * The GitHub Actions workflow a new policy repository gets (and
 * `examples/github-workflow.yml` ships verbatim): check and test with
 * annotations, the semantic diff as one sticky pull-request comment (found by
 * its hidden marker; the job summary when the token may not comment), and the
 * handbook as an artifact.
 */
export const WORKFLOW = `# rulebook: check and test the policies, show reviewers what a pull request
# changes (one sticky comment), and build the handbook as an artifact.
name: rulebook

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  # Only for the sticky diff comment; on forks the token is read-only and the
  # diff goes to the job summary instead.
  pull-requests: write

jobs:
  rulebook:
    runs-on: ubuntu-latest
    env:
      # Where your company keeps rulebook: a git URL with a tag or commit
      # (git+https://git.example.com/tools/rulebook.git#v0.1.0) or the URL of a
      # tarball made by \`npm pack\`. It is never installed by name: \`rulebook\` on
      # the npm registry is an unrelated project.
      RULEBOOK_PACKAGE: ""
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the diff reads the base revision from git

      - uses: actions/setup-node@v4
        with:
          node-version: 20

      - name: Install rulebook
        run: |
          if [ -z "$RULEBOOK_PACKAGE" ]; then
            echo "::error file=.github/workflows/rulebook.yml::set RULEBOOK_PACKAGE to where your company keeps rulebook (a git URL or an npm pack tarball)"
            exit 1
          fi
          npm install --global "$RULEBOOK_PACKAGE"

      - name: Semantic diff
        if: github.event_name == 'pull_request'
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
        run: rulebook diff "$BASE_SHA" HEAD > rulebook-diff.md

      - name: Post or update the sticky comment
        id: comment
        if: github.event_name == 'pull_request'
        continue-on-error: true
        uses: actions/github-script@v7
        with:
          script: |
            const fs = require('fs');
            const marker = '<!-- rulebook-diff -->';
            let body = fs.readFileSync('rulebook-diff.md', 'utf8');
            // GitHub refuses comments over 65536 characters.
            if (body.length > 60000) body = body.slice(0, 60000) + '\\n\\n… (truncated; see the job summary)\\n\\n' + marker + '\\n';
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
            // Only our own comment: anyone can paste the marker into theirs.
            const mine = comments.find((c) => c.user && c.user.type === 'Bot' && c.body && c.body.includes(marker));
            if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });

      - name: Diff in the job summary
        if: github.event_name == 'pull_request' && (steps.comment.outcome == 'failure' || github.event.pull_request.head.repo.fork)
        run: cat rulebook-diff.md >> "$GITHUB_STEP_SUMMARY"

      - name: Check
        run: rulebook check policies --format github

      - name: Test
        run: rulebook test policies --format github

      - name: Build the handbook
        run: rulebook build --out dist

      - uses: actions/upload-artifact@v4
        with:
          name: handbook
          path: dist/handbook
`;
