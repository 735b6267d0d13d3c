-- Driven by test/lsp/neovim.test.ts: Neovim's built-in LSP client (not ours)
-- against `rulebook lsp --stdio`. Opens RB_FILE, waits for diagnostics, asks
-- for a hover at RB_HOVER (line,character) and the code actions of the first
-- diagnostic, and writes what it got as JSON to RB_OUT.
local file, bin, out = os.getenv('RB_FILE'), os.getenv('RB_BIN'), os.getenv('RB_OUT')
local hover_line, hover_char = string.match(os.getenv('RB_HOVER'), '(%d+),(%d+)')
local result = { diagnostics = {}, errors = {} }
local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'rulebook',
    cmd = { 'node', bin, 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { debounceMs = 20, lang = 'en' },
  })
  vim.lsp.buf_attach_client(buf, id)
  vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, code = d.code, message = d.message })
  end
  local uri = vim.uri_from_bufnr(buf)
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = tonumber(hover_line), character = tonumber(hover_char) } }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then result.hover = r.result.contents.value end
    if r.err then table.insert(result.errors, r.err.message) end
  end
  local first = vim.diagnostic.get(buf)[1]
  if first then
    local range = { start = { line = first.lnum, character = 0 }, ['end'] = { line = first.lnum, character = 200 } }
    local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', { textDocument = { uri = uri }, range = range, context = { diagnostics = {} } }, 10000)
    result.actions = {}
    for _, r in pairs(actions or {}) do
      for _, a in ipairs(r.result or {}) do table.insert(result.actions, a.title) end
    end
  end
  vim.lsp.stop_client(id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
