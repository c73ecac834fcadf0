--[==[
table-layout: blank cells keep a line's height in the PDF, as they do in Word.

A typst table cell with no content is only as tall as its inset, so the blank rows the
official forms keep would shrink to slivers. Each empty cell gets an invisible strut one
line of table text high. (The DOCX layout pandoc cannot write is set after it, by
jixiao.convert.docx.tables.)

  <td></td>   →   typst: table.cell[#hide[国]]   DOCX: unchanged
]==]

local STRUT = pandoc.Plain({ pandoc.RawInline("typst", "#hide[国]") })

local function fill(cell)
  if #cell.contents == 0 then cell.contents = { STRUT } end
end

function Table(tbl)
  if FORMAT ~= "typst" then return nil end
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do fill(cell) end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do fill(cell) end
    end
  end
  return tbl
end
