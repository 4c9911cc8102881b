"""Support every stage uses: text made safe per renderer, atomic files and folders, where the data
folders are.
Imports nothing of the project.
"""
