--[[
styled-blocks: a fenced div with a class gives its paragraphs a named style, in both outputs.

The class names the style once: `cover-title` is the Word style "Cover Title" in the
reference.docx and the typst function `jx-cover-title` of the page template.

  ::: cover-title          DOCX: paragraphs in style "Cover Title"
  2024年度…报告      →     typst: #jx-cover-title[2024年度…报告]
  :::

The div `cover` holds the cover page: in DOCX it ends with a section break into a section
of its own, written empty here and given the body's page without its footer after pandoc
(jixiao.convert.docx.layout); in typst it is the page template's jx-cover-page (no footer),
after which numbering starts at 1.
]]

local function word_style(class)
  return (class:gsub("(%a)([%w]*)", function(first, rest) return first:upper() .. rest end)
               :gsub("-", " "))
end

local COVER_BREAK = "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"

local function cover(el)
  if FORMAT == "docx" then
    local blocks = pandoc.Blocks(el.content)
    blocks:insert(pandoc.RawBlock("openxml", COVER_BREAK))
    return blocks
  elseif FORMAT == "typst" then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#jx-cover-page[") })
    blocks:extend(el.content)
    blocks:insert(pandoc.RawBlock("typst", "]\n#counter(page).update(1)"))
    return blocks
  end
  return el.content
end

function Div(el)
  local class = el.classes[1]
  if not class then return nil end
  if class == "cover" then return cover(el) end
  if FORMAT == "docx" then
    el.attributes["custom-style"] = word_style(class)
    return el
  elseif FORMAT == "typst" then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#jx-" .. class .. "[") })
    blocks:extend(el.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
end

