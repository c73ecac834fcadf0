--[[
heading-numbers: number headings the way official documents do, by level.

  level 1  一、   level 2  （一）   level 3  1.   level 4  （1）

A heading whose text already begins with such a number keeps it and is counted, so a
number is never written twice; a heading with class `unnumbered` is left alone.

  # 基本情况          →  一、基本情况
  ## 基本支出情况      →  （一）基本支出情况
]]

local DIGITS = { "一", "二", "三", "四", "五", "六", "七", "八", "九" }

local function chinese(n)
  if n < 10 then return DIGITS[n] end
  local tens, ones = n // 10, n % 10
  local text = (tens == 1 and "" or DIGITS[tens]) .. "十"
  if ones > 0 then text = text .. DIGITS[ones] end
  return text
end

local FORMATS = {
  function(n) return chinese(n) .. "、" end,
  function(n) return "（" .. chinese(n) .. "）" end,
  function(n) return tostring(n) .. "." end,
  function(n) return "（" .. tostring(n) .. "）" end,
}

local CN = "[一二三四五六七八九十]+"
local NUMBERED = {
  "^" .. CN .. "、", "^（" .. CN .. "）", "^%(" .. CN .. "%)",
  "^%d+[%.、．]", "^（%d+）", "^%(%d+%)",
}

local function already_numbered(text)
  for _, pattern in ipairs(NUMBERED) do
    if text:find(pattern) then return true end
  end
  return false
end

local counters = { 0, 0, 0, 0, 0, 0 }

function Header(el)
  if el.classes:includes("unnumbered") or el.level > #FORMATS then return nil end
  counters[el.level] = counters[el.level] + 1
  for level = el.level + 1, #counters do counters[level] = 0 end
  if already_numbered(pandoc.utils.stringify(el.content)) then return el end
  local number = FORMATS[el.level](counters[el.level])
  el.content:insert(1, pandoc.Str(number))
  return el
end
