--[==[
table-layout: blank cells keep a line's height in the PDF, as they do in Word, and a row is
never split across pages while a label spanning rows still may be.

A typst table cell with no content is only as tall as its inset, so the blank rows the
official forms keep would shrink to slivers. Each empty cell gets an invisible strut one
line of table text high. (The DOCX layout pandoc cannot write is set after it, by
jixiao.docx_tables.)

  <td></td>   →   typst: table.cell[#hide[国]]   DOCX: unchanged

The page template makes every cell unbreakable (no row splits mid-cell, as Word's "cantSplit"
rows). A label spanning more rows than the style spec's table keep_rows (metadata
jixiao-keep-rows) is marked breakable here, so its group runs on over pages; a shorter one
keeps its rows on one page, as the DOCX's keep-with-next rows do, so that its text is never
cut by a page break. A label within the table's last four rows keeps its rows together too,
so that a form does not end on a page with its last row alone.

  <td rowspan="9">   →   typst: table.cell(rowspan: 9, breakable: true)
]==]

local KEPT_AT_END = 4  -- rows at a table's end a spanning label keeps together
local keep_rows = 0

local STRUT = pandoc.Plain({ pandoc.RawInline("typst", "#hide[国]") })

local function fill(cell)
  if #cell.contents == 0 then cell.contents = { STRUT } end
end

local function free_spanning(rows)
  for index, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      if cell.row_span > math.max(keep_rows, 1) and index <= #rows - KEPT_AT_END then
        cell.attributes["typst:breakable"] = "true"
      end
    end
  end
end

local function Meta(meta)
  if meta["jixiao-keep-rows"] then
    keep_rows = tonumber(pandoc.utils.stringify(meta["jixiao-keep-rows"])) or 0
  end
end

local function Table(tbl)
  if FORMAT ~= "typst" then return nil end
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do fill(cell) end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do fill(cell) end
    end
    free_spanning(body.body)
  end
  return tbl
end

return { { Meta = Meta }, { Table = Table } }
