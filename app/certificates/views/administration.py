"""(placeholder: routes come with their part of the issue)"""
