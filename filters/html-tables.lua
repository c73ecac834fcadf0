--[[
html-tables: a raw HTML <table> block becomes a pandoc table, spans and widths kept.

Markdown has no table syntax with row and column spans, so the forms are written as HTML
tables. Read with `markdown-markdown_in_html_blocks`, such a table arrives as one raw
block; pandoc's HTML reader turns it into a table with real RowSpan/ColSpan cells, and
`<col style="width:20%">` into relative column widths, which both writers keep.

  <table><colgroup><col style="width:40%">…</colgroup>      Table with ColWidth 0.4 …,
  <tbody><tr><td rowspan="2">产出指标</td>…</tr>…    →     Cell (RowSpan 2) [Plain "产出指标"]
]]

function RawBlock(el)
  if el.format == "html" and el.text:match("^%s*<table") then
    return pandoc.read(el.text, "html").blocks
  end
end
