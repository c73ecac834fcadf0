--[[
page-break: a paragraph holding only \newpage starts a new page, in both outputs.

Page breaks are not in pandoc's document model (pandoc reads a lone \newpage as a raw TeX
block), so each writer gets its own raw block.

  \newpage   →  DOCX: <w:p><w:r><w:br w:type="page"/></w:r></w:p>   typst: #pagebreak()
]]

local BREAKS = {
  docx = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'),
  typst = pandoc.RawBlock("typst", "#pagebreak()"),
}

function RawBlock(el)
  if (el.format == "tex" or el.format == "latex") and el.text:match("^%s*\\newpage%s*$") then
    return BREAKS[FORMAT] or {}
  end
end
