/**
 * The GitHub Actions workflow a new policy repository gets (and
 * `examples/github-workflow.yml` ships verbatim): fmt --check, check and test
 * with annotations (an opt-in coverage gate), the semantic diff against the
 * merge base as one sticky pull-request comment (found by its hidden marker;
 * the job summary too), and the handbook as an artifact. Every step runs
 * whatever the others did and the last one fails the job if any failed;
 * actions are pinned by commit and one run per pull request is kept.
 */
export const WORKFLOW = `# rulebook: format, check and test the policies, show reviewers what a pull
# request changes (one sticky comment), and build the handbook as an artifact.
# No step skips another: each runs whatever the others did, and the last step
# fails the job if any of them failed.
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

# One run per pull request (or branch) at a time: a newer push cancels the
# older run, so the comment is written once, by the newest.
concurrency:
  group: rulebook-\${{ github.event.pull_request.number || github.ref }}
  cancel-in-progress: true

jobs:
  rulebook:
    runs-on: ubuntu-latest
    env:
      # Where your company keeps rulebook: a git URL with a tag or commit
      # (git+https://git.example.com/tools/rulebook.git#v0.1.0) or the URL of a
      # tarball made by \`npm pack\`. It is never installed by name: \`rulebook\` on
      # the npm registry is an unrelated project.
      RULEBOOK_PACKAGE: ""
      # Opt-in gate: the least percent of rules and formulas the tests must
      # reach (e.g. "90"); empty for no gate.
      RULEBOOK_MIN_COVERAGE: ""
    steps:
      # Actions are pinned by commit (the tag each one had when this file was
      # written: their current majors, which run on Node 24).
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          # A pull request is checked out as its merge commit; the diff needs its first parent too.
          fetch-depth: 2
          # Nothing here pushes: the pull request's code never sees the token.
          persist-credentials: false

      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0
        with:
          node-version: lts/*
          # Nothing to cache (rulebook is installed globally), and no cache a pull request could fill.
          package-manager-cache: false

      # A failed install skips nothing either: every later step runs (and fails),
      # and the comment still tells the pull request what went wrong.
      - name: Install rulebook
        id: install
        continue-on-error: true
        run: |
          if [ -z "$RULEBOOK_PACKAGE" ]; then
            echo "::error file=.github/workflows/rulebook.yml::set RULEBOOK_PACKAGE to where your company keeps rulebook (a git URL or an npm pack tarball)"
            exit 1
          fi
          npm install --global "$RULEBOOK_PACKAGE"

      - name: Format
        id: fmt
        continue-on-error: true
        run: rulebook fmt policies --check

      - name: Check
        id: check
        continue-on-error: true
        run: rulebook check policies --format github

      - name: Test
        id: test
        continue-on-error: true
        run: rulebook test policies --format github \${RULEBOOK_MIN_COVERAGE:+--min-coverage "$RULEBOOK_MIN_COVERAGE"}

      # Against the merge base: the merge commit's first parent is the base branch
      # as the pull request would be merged into it. A head with errors still gets
      # its report (the errors first); the step then fails, and the comment still runs.
      - name: Semantic diff
        id: diff
        if: github.event_name == 'pull_request'
        continue-on-error: true
        run: rulebook diff HEAD^1 HEAD > rulebook-diff.md

      - name: Post or update the sticky comment
        id: comment
        if: github.event_name == 'pull_request'
        continue-on-error: true
        uses: actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd # v8.0.0
        with:
          script: |
            const fs = require('fs');
            const marker = '<!-- rulebook-diff -->';
            let body = fs.existsSync('rulebook-diff.md') ? fs.readFileSync('rulebook-diff.md', 'utf8') : '';
            if (!body.trim()) body = '**rulebook diff** did not run to the end: see the job log.\\n\\n' + marker + '\\n';
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
        id: summary
        if: github.event_name == 'pull_request'
        continue-on-error: true
        run: if [ -f rulebook-diff.md ]; then cat rulebook-diff.md >> "$GITHUB_STEP_SUMMARY"; fi

      - name: Build the handbook
        id: build
        continue-on-error: true
        run: rulebook build --out dist

      - name: Upload the handbook
        id: upload
        continue-on-error: true
        uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0
        with:
          name: handbook
          path: dist/handbook
          if-no-files-found: warn

      # The job's verdict: every step above ran; fail if any of them failed (the
      # comment only where the token may write, which it may not on forks).
      - name: Result
        env:
          INSTALL: \${{ steps.install.outcome }}
          FMT: \${{ steps.fmt.outcome }}
          CHECK: \${{ steps.check.outcome }}
          TEST: \${{ steps.test.outcome }}
          DIFF: \${{ steps.diff.outcome }}
          COMMENT: \${{ steps.comment.outcome }}
          BUILD: \${{ steps.build.outcome }}
          UPLOAD: \${{ steps.upload.outcome }}
          FORK: \${{ github.event.pull_request.head.repo.fork }}
        run: |
          failed=""
          for step in INSTALL FMT CHECK TEST DIFF BUILD UPLOAD; do
            if [ "\${!step}" = failure ]; then failed="$failed $step"; fi
          done
          if [ "$COMMENT" = failure ] && [ "$FORK" != true ]; then failed="$failed COMMENT"; fi
          if [ -n "$failed" ]; then
            echo "::error::failed steps:$failed"
            exit 1
          fi
`;
