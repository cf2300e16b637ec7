"""The 绩效自评 Excel add-in: building ``jixiao_addin.xlam`` without Excel, and installing it."""
