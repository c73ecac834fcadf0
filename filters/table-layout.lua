--[==[
table-layout: tables fill the type area and blank cells keep a line's height in the PDF, as
they do in Word.

A table written in prose (a pipe or grid table with short separator lines) has no column
widths, which pandoc's writers answer with equal columns narrower than the type area. Each
column here gets a share of the width by what it holds: its longest line, a CJK character
counting twice a Latin one, and never less than a few characters. The forms come with their
widths (jixiao.render.tables) and keep them.

A typst table cell with no content is only as tall as its inset, so the blank rows the
official forms keep would shrink to slivers. Each empty cell gets an invisible strut one
line of table text high. (The DOCX layout pandoc cannot write is set after it, by
jixiao.convert.docx.tables.)

  | 三级指标 | 得分 |   →   widths 0.67, 0.33 (8 and 4 units: 三级指标, and the least)
  <td></td>           →   typst: table.cell[#hide[国]]   DOCX: unchanged

Where a form's pages break is decided before pandoc (jixiao.render.paging: each part of a
form fits its page); the page template keeps every cell unbreakable all the same, so that no
row is ever split mid-cell, as Word's "cantSplit" rows.
]==]

local STRUT = pandoc.Plain({ pandoc.RawInline("typst", "#hide[国]") })
local LEAST = 4  -- units (a CJK character is two) a column is given at the least

local function fill(cell)
  if #cell.contents == 0 then cell.contents = { STRUT } end
end

local function units(text)
  local longest, current = 0, 0
  for _, code in utf8.codes(text) do
    if code == 10 then
      current = 0
    else
      current = current + (code >= 0x2E80 and 2 or 1)
      longest = math.max(longest, current)
    end
  end
  return longest
end

local function cell_units(cell)
  local text = pandoc.write(pandoc.Pandoc(cell.contents), "plain")
  return units(text:gsub("\n$", ""))
end

local function each_row(tbl, action)
  for _, row in ipairs(tbl.head.rows) do action(row) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do action(row) end
  end
end

local function content_widths(tbl)
  for _, colspec in ipairs(tbl.colspecs) do
    if colspec[2] ~= nil and colspec[2] ~= 0 then return end  -- widths given: kept
  end
  local wanted = {}
  for i = 1, #tbl.colspecs do wanted[i] = LEAST end
  each_row(tbl, function(row)
    local column = 1
    for _, cell in ipairs(row.cells) do
      if cell.col_span == 1 and wanted[column] then
        wanted[column] = math.max(wanted[column], cell_units(cell))
      end
      column = column + cell.col_span
    end
  end)
  local whole = 0
  for _, w in ipairs(wanted) do whole = whole + w end
  for i, colspec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { colspec[1], wanted[i] / whole }
  end
end

local function Table(tbl)
  content_widths(tbl)
  if FORMAT ~= "typst" then return tbl end
  each_row(tbl, function(row)
    for _, cell in ipairs(row.cells) do fill(cell) end
  end)
  return tbl
end

return { { Table = Table } }
