--[[
page-break: a paragraph holding only \newpage starts a new page, in both outputs.

Page breaks are not in pandoc's document model, so each writer gets its own raw block.

  \newpage   →  DOCX: <w:p><w:r><w:br w:type="page"/></w:r></w:p>   typst: #pagebreak()
]]

local BREAKS = {
  docx = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'),
  typst = pandoc.RawBlock("typst", "#pagebreak()"),
}

function Para(el)
  if #el.content == 1 and el.content[1].t == "RawInline" and el.content[1].text == "\\newpage" then
    return BREAKS[FORMAT] or {}
  end
end
