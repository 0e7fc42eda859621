"""The ground floor: types and errors every other part of StudyBot shares (`Turn`, `Reply`,
`Citation`, `Lang`, `UserFacing`…), language helpers and the JSON Lines reader.

It imports nothing from the rest of `bot`, so anything may import it.
"""
