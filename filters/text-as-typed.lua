--[[
text-as-typed: what the writer typed reaches both outputs as typed.

Prose is refused at render time when pandoc reads raw output, images or metadata in it
(jixiao.render.markdown_safety); what remains are constructs that would silently change
or drop the writer's text:

  详见<附件一>说明     inline HTML (pandoc drops it from both outputs)  →  the text, as typed
  见@张三              a citation (typst fails without a bibliography)  →  the text, as typed
  ... -?               typst reads them as … and a soft hyphen          →  escaped for typst

  (pandoc's own typst writer escapes every other markup character of a text.)
]]

local TYPST_SHORTHANDS = { { "%.%.%.", "\\.\\.\\." }, { "%-%?", "-\\?" } }

local function typst_text(el)
  local pieces, rest, changed = pandoc.Inlines({}), el.text, false
  while true do
    local first, last, raw
    for _, shorthand in ipairs(TYPST_SHORTHANDS) do
      local s, e = rest:find(shorthand[1])
      if s and (not first or s < first) then first, last, raw = s, e, shorthand[2] end
    end
    if not first then break end
    changed = true
    if first > 1 then pieces:insert(pandoc.Str(rest:sub(1, first - 1))) end
    pieces:insert(pandoc.RawInline("typst", raw))
    rest = rest:sub(last + 1)
  end
  if not changed then return nil end
  if #rest > 0 then pieces:insert(pandoc.Str(rest)) end
  return pieces
end

local function as_typed(str)
  if FORMAT == "typst" then return typst_text(str) or str end
  return str
end

function RawInline(el)
  if el.format == "html" then return as_typed(pandoc.Str(el.text)) end
end

function Cite(el)
  return el.content
end

function Str(el)
  if FORMAT == "typst" then return typst_text(el) end
end
