Attribute VB_Name = "RibbonMyAddin"
' jixiao: every ribbon button calls RunMain, which runs <add-in name>.main(id)
' in Python. ASCII only: Chinese text is hex UTF-16, decoded by U().
Option Explicit

Public Sub RunMain(control As IRibbonControl)
    Dim m As String
    If ActiveWorkbook Is Nothing Then
        MsgBox U("8BF7514862535F00898159047406768496444EF65DE54F5C7C3FFF0853D74FDD62A4768489C656FE4E2D8BF7514870B951FB201C542F75287F168F91201DFF093002"), vbInformation, U("7EE9654881EA8BC4")
        Exit Sub
    End If
    If HasConfigSheet(ActiveWorkbook) Then
        ' its config sheet would override the interpreter
        MsgBox U("6B645DE54F5C7C3F542B67090020006D00790061006400640069006E002E0063006F006E006600205DE54F5C8868FF0C4F1A653953D852A08F7D98798FD0884C76847A0B5E8FFF0C4E3A5B8951688D7789C14E0D4E888FD0884C3002"), vbExclamation, U("7EE9654881EA8BC4")
        Exit Sub
    End If
    m = Left$(ThisWorkbook.Name, InStrRev(ThisWorkbook.Name, ".") - 1)
    RunPython "import " & m & ";" & m & ".main('" & control.Id & "')"
End Sub

Private Function HasConfigSheet(wb As Workbook) As Boolean
    Dim sht As Object
    For Each sht In wb.Sheets
        If LCase$(sht.Name) = LCase$(PROJECT_NAME & ".conf") Then HasConfigSheet = True
    Next sht
End Function

Private Function U(h As String) As String
    Dim i As Long, c As Long
    For i = 1 To Len(h) Step 4
        c = CLng("&H" & Mid$(h, i, 4))
        If c < 0 Then c = c + 65536
        U = U & ChrW$(c)
    Next i
End Function
