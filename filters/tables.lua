--[[
tables: the forms' tables, given as jixiao's table model, become pandoc tables; a raw HTML
<table> in prose does too. Spans, widths and alignments are kept.

Markdown has no table syntax with row and column spans, so jixiao writes each form's table
as a fenced code block of class `jixiao-table` holding the table model as JSON
(jixiao.render.tables): built here into a pandoc table directly, with no HTML to parse (the
HTML reader took a pandoc run half its time). Only text, line breaks, spans and alignments
come from it: whatever a block holds, it gives a table and nothing else.

  ~~~ {.jixiao-table}                                    Table with ColWidth 0.4 …,
  {"widths": [0.4, …], "aligns": ["left", …],      →     Cell (RowSpan 2) [Plain "产出指标"]
   "header_rows": 1, "rows": [[{"text": "产出指标", "rowspan": 2, …}, …], …]}
  ~~~

A table whose model says `"starts_page": true` (a part of a form after its first, cut by
jixiao.render.paging) comes after a page break: typst's, or in the DOCX an empty paragraph that
starts a page and is one point tall, so that the part's header row stands at the page's top.

With `markdown-markdown_in_html_blocks`, an HTML table arrives as one raw block; pandoc's
HTML reader turns it into a table with real RowSpan/ColSpan cells.
]]

local PAGE_BREAK = {
  typst = pandoc.RawBlock("typst", "#pagebreak(weak: true)"),
  docx = pandoc.RawBlock("openxml", '<w:p><w:pPr><w:pStyle w:val="TableText"/>'
    .. '<w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    .. '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'),
}

local ALIGN = { left = "AlignLeft", center = "AlignCenter", right = "AlignRight" }

local function inlines(text)
  local result = pandoc.Inlines({})
  local first = true
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if not first then result:insert(pandoc.LineBreak()) end
    first = false
    local word_first = true
    for word in line:gmatch("[^ ]+") do
      if not word_first then result:insert(pandoc.Space()) end
      word_first = false
      result:insert(pandoc.Str(word))
    end
  end
  return result
end

local function cell(spec)
  local contents = spec.text ~= "" and { pandoc.Plain(inlines(spec.text)) } or {}
  return pandoc.Cell(contents, ALIGN[spec.align], spec.rowspan, spec.colspan)
end

local function rows(list, from, to)
  local result = {}
  for i = from, to do
    local cells = {}
    for _, spec in ipairs(list[i]) do table.insert(cells, cell(spec)) end
    table.insert(result, pandoc.Row(cells))
  end
  return result
end

local function model_table(model)
  local colspecs = {}
  for i, width in ipairs(model.widths) do
    table.insert(colspecs, { ALIGN[model.aligns[i]], width })
  end
  local head = pandoc.TableHead(rows(model.rows, 1, model.header_rows))
  local body = { attr = pandoc.Attr(), row_head_columns = 0, head = {},
                 body = rows(model.rows, model.header_rows + 1, #model.rows) }
  return pandoc.Table(pandoc.Caption(), colspecs, head, { body }, pandoc.TableFoot())
end

function CodeBlock(el)
  if el.classes:includes("jixiao-table") then
    local model = pandoc.json.decode(el.text, false)
    if model.starts_page and PAGE_BREAK[FORMAT] then
      return { PAGE_BREAK[FORMAT], model_table(model) }
    end
    return model_table(model)
  end
end

function RawBlock(el)
  if el.format == "html" and el.text:match("^%s*<table") then
    return pandoc.read(el.text, "html").blocks
  end
end
