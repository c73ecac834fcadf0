--[==[
full-width-punctuation: in the PDF every full-width punctuation mark keeps its full width, as
in Word and WPS, so that a full body line holds its 28 characters on the grid.

typst compresses CJK punctuation (GB/T 15834 style): a mark at a line's start or end, two
marks in a row, and any mark a justified line needs to shrink give up to half their width, so
its lines drift off the grid and hold 29 or 30 characters. typst has no setting against it;
a mark set in a box of its own is left alone. Each mark is boxed together with the word it
clings to — a closing mark with the word before it, an opening mark with the word after it —
so that a line never starts with a closing mark nor ends with an opening one (a box is a
break opportunity on both sides). The page template's `jx-cl` sets the box (see there).

  国曼、巨浪（二期）。   →   typst: 国#jx-cl(true, "曼", "、")巨浪#jx-cl(true, "（", "二")
                                   #jx-cl(false, "期", "）", "。")
  DOCX: unchanged

`true` when text comes just before the box (see jx-cl). A closing mark that starts a Str (after
bold text, say) is boxed alone, so a line may break before it there.
]==]

local OPENING = {}
for _, c in utf8.codes("“‘（《〈「『【〔〖［｛") do OPENING[c] = true end
local CLOSING = {}
for _, c in utf8.codes("”’）》〉」』】〕〗］｝，。、；：！？") do CLOSING[c] = true end

-- A run of these never breaks, so it is one word for the box (2617.69, 85.79%, PCB).
local function is_word_char(code)
  return code < 128 and utf8.char(code):match("[%w%.%%%+%-/]") ~= nil
end

local function quoted(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- The characters of `text` as units: a word of ASCII letters and digits, or one character.
local function units(text)
  local found, word = {}, nil
  for _, code in utf8.codes(text) do
    if is_word_char(code) then
      word = (word or "") .. utf8.char(code)
    else
      if word then found[#found + 1] = { text = word }; word = nil end
      found[#found + 1] = { text = utf8.char(code), opening = OPENING[code],
                            closing = CLOSING[code] }
    end
  end
  if word then found[#found + 1] = { text = word } end
  return found
end

-- Group the units into plain runs and clusters: opening marks, the word, closing marks.
local function inlines(text)
  local list, plain, i = {}, "", 1
  local all = units(text)
  local function flush()
    if plain ~= "" then list[#list + 1] = pandoc.Str(plain); plain = "" end
  end
  while i <= #all do
    local u = all[i]
    local next_unit = all[i + 1]
    local starts = u.opening or (not u.closing and next_unit and next_unit.closing)
    if not starts and not u.closing then
      plain = plain .. u.text
      i = i + 1
    else
      local parts = {}
      while i <= #all and all[i].opening do parts[#parts + 1] = all[i].text; i = i + 1 end
      if i <= #all and not all[i].closing then parts[#parts + 1] = all[i].text; i = i + 1 end
      while i <= #all and all[i].closing do parts[#parts + 1] = all[i].text; i = i + 1 end
      local after_text = plain ~= "" or (#list > 0 and list[#list].t == "Str")
      flush()
      local args = { after_text and "true" or "false" }
      for _, part in ipairs(parts) do args[#args + 1] = quoted(part) end
      list[#list + 1] = pandoc.RawInline("typst", "#jx-cl(" .. table.concat(args, ", ") .. ")")
    end
  end
  flush()
  return list
end

local function has_punctuation(text)
  for _, code in utf8.codes(text) do
    if OPENING[code] or CLOSING[code] then return true end
  end
  return false
end

local function Str(el)
  if not has_punctuation(el.text) then return nil end
  return inlines(el.text)
end

function Pandoc(doc)
  if FORMAT ~= "typst" then return nil end
  -- Tables keep typst's own setting: their cells are ragged, not on the grid.
  return doc:walk({
    traverse = "topdown",
    Table = function(tbl) return tbl, false end,
    Str = Str,
  })
end
